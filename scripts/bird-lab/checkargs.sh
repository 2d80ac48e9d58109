# The command line and the ixaudit binary of the checks that read a lab run (compare.sh,
# explain-check.sh, filter-check.sh): OUTDIR [--mode M] [--ixaudit PATH]. Sourced after the
# check sets NAME (its name in messages), ROOT (the project) and usage().

# check_args WITH_MODE "$@": sets OUTDIR, MODE (only when WITH_MODE is yes) and IX, which
# defaults to $IXAUDIT. -h prints the check's header comment (lines 2 to HELP_END).
check_args() {
    local with_mode=$1
    shift
    OUTDIR="" MODE="" IX="${IXAUDIT:-}"
    while [ $# -gt 0 ]; do
        case "$1" in
            --mode) [ "$with_mode" = yes ] && [ $# -ge 2 ] || usage; MODE=$2; shift 2 ;;
            --mode=*) [ "$with_mode" = yes ] || usage; MODE=${1#--mode=}; shift ;;
            --ixaudit) [ $# -ge 2 ] || usage; IX=$2; shift 2 ;;
            --ixaudit=*) IX=${1#--ixaudit=}; shift ;;
            -h|--help) sed -n "2,${HELP_END}p" "$0"; exit 0 ;;
            -*) usage ;;
            *) [ -z "$OUTDIR" ] || usage; OUTDIR=$1; shift ;;
        esac
    done
    [ -n "$OUTDIR" ] || usage
}

# require_files FILE...: each must be in OUTDIR, a run of scripts/bird-lab/run.sh.
require_files() {
    local f
    for f in "$@"; do
        [ -f "$OUTDIR/$f" ] || { echo "$NAME: $OUTDIR/$f is missing (run scripts/bird-lab/run.sh $OUTDIR first)" >&2; exit 2; }
    done
}

# find_ixaudit: IX as given, else the project's release build (.build-cmp, then .build),
# else ixaudit on the PATH.
find_ixaudit() {
    local c
    if [ -z "$IX" ]; then
        for c in "$ROOT/.build-cmp/release/ixaudit" "$ROOT/.build/release/ixaudit"; do
            [ -x "$c" ] && { IX=$c; break; }
        done
        [ -n "$IX" ] || IX=$(command -v ixaudit || true)
    fi
    [ -n "$IX" ] && [ -x "$IX" ] || { echo "$NAME: no ixaudit binary (give --ixaudit or IXAUDIT=)" >&2; exit 2; }
}
