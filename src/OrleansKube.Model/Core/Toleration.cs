namespace OrleansKube.Model.Core;

public sealed record Toleration
{
    public string? Key { get; set; }

    public TolerationOperator? Operator { get; set; }

    public string? Value { get; set; }

    public TaintEffect? Effect { get; set; }

    public long? TolerationSeconds { get; set; }
}
