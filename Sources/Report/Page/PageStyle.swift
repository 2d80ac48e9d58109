/// What every HTML page carries inline: its style (screen and print), the script that sorts
/// long tables, and the policy that keeps the page from loading anything.
enum PageStyle {
    /// Nothing may be fetched: no default source, so no image, font, frame or connection;
    /// only this page's own inline style and script run.
    static let contentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
        + "img-src 'none'; font-src 'none'; connect-src 'none'; base-uri 'none'; form-action 'none'"

    /// What a document takes besides its body at most: style, script, and a head whose title
    /// is a heading of at most `DisplayText.limit` characters, each at most 6 bytes escaped.
    static var documentRoom: Int { css.utf8.count + sortScript.utf8.count + contentSecurityPolicy.utf8.count + 600 + DisplayText.limit * 6 }

    static let css = """
        :root { color-scheme: light; }
        body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; background: #fff; }
        main { max-width: 1200px; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; margin: 0.5rem 0 1rem; }
        h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem; border-bottom: 1px solid #ddd; }
        a { color: #0a58a5; }
        code { font: 0.9em/1.3 ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; background: #f3f3f3; padding: 0 0.2em; border-radius: 3px; }
        td code { white-space: nowrap; }
        .wide { overflow-x: auto; }
        table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        th { background: #f5f5f5; position: sticky; top: 0; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafafa; }
        table.sortable th { cursor: pointer; }
        th[aria-sort="ascending"]::after { content: " \\25B2"; }
        th[aria-sort="descending"]::after { content: " \\25BC"; }
        figure { margin: 1rem 0; }
        figure svg { max-width: 100%; height: auto; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          .wide { overflow: visible; }
          th { position: static; }
          tr, figure { break-inside: avoid; }
          h2 { break-after: avoid; }
          a { color: inherit; text-decoration: none; }
        }

        """

    /// A click on a header of a long table sorts its rows by that column, as numbers in the
    /// columns of figures (thin spaces and units dropped), again to reverse.
    static let sortScript = """
        for (const th of document.querySelectorAll("table.sortable th")) {
          th.addEventListener("click", () => {
            const body = th.closest("table").tBodies[0], column = th.cellIndex, numeric = th.hasAttribute("data-numeric");
            const ascending = th.getAttribute("aria-sort") !== "ascending";
            for (const other of th.parentNode.children) other.removeAttribute("aria-sort");
            th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
            const key = (row) => {
              const text = row.cells[column] ? row.cells[column].textContent : "";
              return numeric ? (parseFloat(text.replace(/[^0-9.\\-]/g, "")) || 0) : text.toLowerCase();
            };
            const rows = Array.from(body.rows).sort((a, b) => {
              const x = key(a), y = key(b);
              return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
            });
            body.append(...rows);
          });
        }

        """
}
