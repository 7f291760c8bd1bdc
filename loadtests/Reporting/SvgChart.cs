using System.Globalization;
using System.Net;
using System.Text;

namespace OrleansKube.LoadTests.Reporting;

/// <summary>One named line of a chart: its points in data coordinates.</summary>
public sealed record Series(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// Small self-contained SVG charts for the load-test report (line charts over time, a histogram): axes with
/// round ticks, a legend, nothing that needs a browser script or a font beyond the default sans-serif.
/// </summary>
public static class SvgChart
{
    private const int Width = 720;
    private const int Height = 360;
    private const int Left = 80;
    private const int Right = 20;
    private const int Top = 40;
    private const int Bottom = 50;
    private static readonly string[] Colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"];

    public static string Lines(string title, string xLabel, string yLabel, IReadOnlyList<Series> series)
    {
        var points = series.SelectMany(s => s.Points).ToList();
        var (xMax, yMax) = (Nice(points.Count == 0 ? 1 : points.Max(p => p.X)), Nice(points.Count == 0 ? 1 : points.Max(p => p.Y)));
        var svg = Frame(title, xLabel, yLabel, xMax, yMax);
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var path = string.Join(" ", series[i].Points.Select(p => $"{X(p.X, xMax)},{Y(p.Y, yMax)}"));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{path}\"/>\n");
            Legend(svg, i, series[i].Name, colour);
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Bars over equal-width buckets: <paramref name="counts"/>[i] counts values in [i·width, (i+1)·width).</summary>
    public static string Histogram(string title, string xLabel, string yLabel, double bucketWidth, IReadOnlyList<int> counts)
    {
        var (xMax, yMax) = (Nice(Math.Max(bucketWidth * counts.Count, double.Epsilon)), Nice(Math.Max(1, counts.DefaultIfEmpty(0).Max())));
        var svg = Frame(title, xLabel, yLabel, xMax, yMax);
        for (var i = 0; i < counts.Count; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            var (x0, x1, y) = (X(i * bucketWidth, xMax), X((i + 1) * bucketWidth, xMax), Y(counts[i], yMax));
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0}\" y=\"{y}\" width=\"{Math.Max(1, x1 - x0 - 1)}\" height=\"{Height - Bottom - y}\" fill=\"{Colours[0]}\"/>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) at or above <paramref name="value"/>: the axis' end.</summary>
    public static double Nice(double value)
    {
        if (value <= 0 || !double.IsFinite(value))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in (ReadOnlySpan<double>)[1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10])
        {
            if (step * magnitude >= value * (1 - 1e-9))
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static StringBuilder Frame(string title, string xLabel, string yLabel, double xMax, double yMax)
    {
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(title)}</text>\n");
        for (var i = 0; i <= 5; i++)
        {
            var (xValue, yValue) = (xMax * i / 5, yMax * i / 5);
            var (x, y) = (X(xValue, xMax), Y(yValue, yMax));
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{y}\" x2=\"{Width - Right}\" y2=\"{y}\" stroke=\"#ddd\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4}\" text-anchor=\"end\">{Label(yValue)}</text>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x}\" y=\"{Height - Bottom + 16}\" text-anchor=\"middle\">{Label(xValue)}</text>\n");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{(Left + Width - Right) / 2}\" y=\"{Height - 12}\" text-anchor=\"middle\">{Escape(xLabel)}</text>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate(18,{(Top + Height - Bottom) / 2}) rotate(-90)\" text-anchor=\"middle\">{Escape(yLabel)}</text>\n");
        return svg;
    }

    private static void Legend(StringBuilder svg, int index, string name, string colour)
    {
        var y = Top + 8 + (index * 16);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left + 12}\" y1=\"{y}\" x2=\"{Left + 32}\" y2=\"{y}\" stroke=\"{colour}\" stroke-width=\"3\"/>\n");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + 38}\" y=\"{y + 4}\">{Escape(name)}</text>\n");
    }

    private static double X(double value, double max) => Math.Round(Left + ((Width - Left - Right) * value / max), 1);

    private static double Y(double value, double max) => Math.Round(Height - Bottom - ((Height - Top - Bottom) * value / max), 1);

    private static string Label(double value) =>
        value >= 1_000_000 ? $"{(value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture)}M"
        : value >= 10_000 ? $"{(value / 1_000).ToString("0.#", CultureInfo.InvariantCulture)}k"
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
