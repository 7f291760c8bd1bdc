namespace OrleansKube.Manifests.Validation;

/// <summary>One problem with one field, printed as upstream prints it: <c>spec.replicas: Invalid value: -1: must be greater than or equal to 0</c>.</summary>
public sealed record FieldError(string Path, string Detail)
{
    public static FieldError Required(string path, string? detail = null) =>
        new(path, detail is null ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string path, object? value, string reason) =>
        new(path, $"Invalid value: {Show(value)}: {reason}");

    public static FieldError NotSupported(string path, object? value, IEnumerable<string> supported) =>
        new(path, $"Unsupported value: {Show(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public static FieldError Duplicate(string path, object? value) => new(path, $"Duplicate value: {Show(value)}");

    public static FieldError NotFound(string path, object? value) => new(path, $"Not found: {Show(value)}");

    public static FieldError Forbidden(string path, string reason) => new(path, $"Forbidden: {reason}");

    public override string ToString() => Path.Length == 0 ? Detail : $"{Path}: {Detail}";

    private static string Show(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
