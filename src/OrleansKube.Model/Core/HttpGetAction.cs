namespace OrleansKube.Model.Core;

public sealed record HttpGetAction
{
    public string? Path { get; set; }

    public IntOrString Port { get; set; }

    public string? Host { get; set; }

    public string? Scheme { get; set; }

    public List<HttpHeader>? HttpHeaders { get; set; }
}
