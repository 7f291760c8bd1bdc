namespace OrleansKube.Model.Core;

public sealed record EventSource
{
    public string? Component { get; set; }

    public string? Host { get; set; }
}
