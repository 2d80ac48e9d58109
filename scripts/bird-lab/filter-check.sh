#!/usr/bin/env bash
# Checks ixaudit's rs-filter-mismatch and max-prefix counting against a bird-lab run, whose
# BIRD keeps rejected routes tagged (8960:65520:<code>, arouteserver's reject_policy: tag).
#
#   scripts/bird-lab/filter-check.sh OUTDIR [--ixaudit PATH]
#
# OUTDIR is the output of scripts/bird-lab/run.sh (BIRD); a run with BIRDLAB_OMIT_TAG=<code>
# is one whose import filter lacks that rule of the policy. Writes OUTDIR/filter/<variant>/
# (a job.yaml, a policy where the variant changes it, and ixaudit's output) for each variant:
#
#  - consistent: the lab's job with communities.reject_tags: arouteserver. rs-filter-mismatch
#    runs and finds nothing, or, when BIRD's filter omitted a code, exactly the planted routes
#    that only that code rejects (rs-accepted);
#  - no-transit-free: a policy without the transit-free rule: the routes BIRD tagged 8 only
#    are rs-rejected;
#  - short-paths: a policy allowing AS paths of one ASN: BIRD's untagged routes with longer
#    paths are rs-accepted;
#  - misread-code: codes {5: first-as}: the routes BIRD tagged 5 only (next hop) are
#    different-reason;
#  - max-prefix: the lab's import limits (OUTDIR/limits.csv) as the members' max_prefix_ipv4
#    and action disable: ixaudit's simulation is over the limit exactly where BIRD's `import
#    limit ... action warn` was hit, with BIRD's count (the tagged routes counted); without
#    reject_tags (counting accepted routes only) it must disagree on AS3216, the session
#    whose tagged route makes the difference.
#
# On an OpenBGPD run (run.sh --rs openbgpd: rejected routes denied, never tagged) it checks
# only that rs-filter-mismatch, given reject_tags, says it could not run.
#
# The expected routes come from BIRD's imports.csv (its tags, paths) and scenario.py, never from
# ixaudit. Prints each variant's result; exits 0 when all agree, 1 on a difference, 2 when it
# cannot run.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
usage() { echo "usage: $0 OUTDIR [--ixaudit PATH]" >&2; exit 2; }
NAME=filter-check HELP_END=32
. "$HERE/checkargs.sh"
check_args no "$@"
needs="job.yaml imports.csv rib.mrt"
[ -f "$OUTDIR/job.yaml" ] && ! head -1 "$OUTDIR/job.yaml" | grep -q "OpenBGPD route server" && needs="$needs limits.csv lab/bird.conf"
# shellcheck disable=SC2086
require_files $needs
find_ixaudit

exec python3 "$HERE/filtercheck.py" "$(cd "$OUTDIR" && pwd)" "$ROOT" "$IX"
