using System.Text.Json.Nodes;

namespace OrleansKube.Api.Responses;

/// <summary>One entry of <c>details.causes</c>: upstream's cause type, the field error's text, the field's path.</summary>
public sealed record StatusCause(string Reason, string Message, string Field)
{
    private static readonly (string Prefix, string Reason)[] Types =
    [
        ("Required value", "FieldValueRequired"),
        ("Invalid value", "FieldValueInvalid"),
        ("Unsupported value", "FieldValueNotSupported"),
        ("Duplicate value", "FieldValueDuplicate"),
        ("Not found", "FieldValueNotFound"),
        ("Forbidden", "FieldValueForbidden"),
        ("Too long", "FieldValueTooLong"),
        ("Too many", "FieldValueTooMany"),
    ];

    /// <summary>Splits a field error as printed (<c>spec.replicas: Invalid value: -1: must be …</c>) into its cause.</summary>
    public static StatusCause Parse(string error)
    {
        var best = (At: int.MaxValue, Reason: "FieldValueInvalid");
        foreach (var (prefix, reason) in Types)
        {
            var at = error.StartsWith(prefix, StringComparison.Ordinal) ? 0 : error.IndexOf(": " + prefix, StringComparison.Ordinal);
            if (at >= 0 && at < best.At)
            {
                best = (at, reason);
            }
        }

        return best.At switch
        {
            0 or int.MaxValue => new StatusCause(best.Reason, error, ""),
            var at => new StatusCause(best.Reason, error[(at + 2)..], error[..at]),
        };
    }

    public JsonObject ToJson()
    {
        var cause = new JsonObject { ["reason"] = Reason, ["message"] = Message };
        if (Field.Length > 0)
        {
            cause["field"] = Field; // omitempty, as upstream: a DisruptionBudget cause names no field
        }

        return cause;
    }
}
