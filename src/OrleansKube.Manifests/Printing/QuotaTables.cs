using System.Globalization;
using System.Text;

namespace OrleansKube.Manifests.Printing;

/// <summary>Upstream's printLimitRange and printResourceQuota.</summary>
public static class QuotaTables
{
    /// <summary>Name and the creation time in RFC 3339 (upstream prints no age here).</summary>
    public static readonly KindTable LimitRange = new(
        [Columns.Name, new TableColumn("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0)],
        static (o, _) => [o.Metadata.Name, o.Metadata.CreationTimestamp?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "0001-01-01T00:00:00Z"]);

    /// <summary>Name, Age, then <c>resource: used/hard</c> of status.hard, sorted, the <c>limits.*</c> ones in Limit and the rest in Request.</summary>
    public static readonly KindTable ResourceQuota = new(
        [
            Columns.Name,
            Columns.Age,
            Columns.Text("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
            Columns.Text("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
        ],
        static (o, now) =>
        {
            var status = ((Model.Core.ResourceQuota)o).Status;
            var request = new StringBuilder();
            var limit = new StringBuilder();
            foreach (var (resource, hard) in (status?.Hard ?? []).OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                var used = status!.Used?.GetValueOrDefault(resource) ?? Quantity.Zero;
                (resource.StartsWith("limits.", StringComparison.Ordinal) ? limit : request).Append(CultureInfo.InvariantCulture, $"{resource}: {used}/{hard}, ");
            }

            return [o.Metadata.Name, CellText.AgeOf(o, now), request.ToString().TrimEnd(' ', ','), limit.ToString().TrimEnd(' ', ',')];
        });
}
