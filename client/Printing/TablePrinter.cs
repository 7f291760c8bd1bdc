using System.Globalization;
using OrleansKube.Manifests.Printing;

namespace OrleansKube.Cli.Printing;

/// <summary>
/// <c>get</c>'s default and wide tables as kubectl prints a server's Table (<see cref="ObjectTables"/>): headers
/// upper-cased, priority-1 columns only with <c>-o wide</c>, NAMESPACE first with <c>-A</c>.
/// </summary>
public static class TablePrinter
{
    public static void Print(IReadOnlyList<KubeObject> objects, KindInfo kind, bool wide, bool withNamespace, DateTimeOffset now, TextWriter output)
    {
        // Events read best oldest first (what okctl has always printed).
        var ordered = kind == Kinds.Event ? [.. objects.Cast<Event>().OrderBy(e => e.LastTimestamp)] : objects;
        var table = ObjectTables.For(kind, ordered, now);
        var shown = table.Columns.Select((column, i) => (column, i)).Where(c => wide || c.column.Priority == 0).ToList();
        var namespaced = withNamespace && kind.Namespaced;
        string[] headers = [.. namespaced ? ["NAMESPACE"] : Array.Empty<string>(), .. shown.Select(c => c.column.Name.ToUpperInvariant())];
        var rows = table.Rows.Select(row => (string[])
            [.. namespaced ? [row.Object.Metadata.Namespace ?? ""] : Array.Empty<string>(), .. shown.Select(c => CellText(c.i < row.Cells.Length ? row.Cells[c.i] : null))]);
        Write([headers, .. rows], output);
    }

    /// <summary>As kubectl prints a cell: text up to its first line break (then <c>...</c>), other values as Go prints them, nothing for null.</summary>
    public static string CellText(object? cell) => cell switch
    {
        null => "",
        string text => text.IndexOfAny(['\n', '\r', '\f']) is >= 0 and var end ? text[..end] + "..." : text,
        bool flag => flag ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };

    /// <summary>Writes aligned columns with kubectl's three-space gutter (two for rollout history's).</summary>
    public static void Write(IReadOnlyList<string[]> lines, TextWriter output, int gutter = 3)
    {
        var widths = new int[lines.Max(l => l.Length)];
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }

        foreach (var line in lines)
        {
            var text = string.Concat(line.Select((cell, i) => i == line.Length - 1 ? cell : cell.PadRight(widths[i] + gutter)));
            output.WriteLine(text.TrimEnd());
        }
    }
}
