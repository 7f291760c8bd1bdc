namespace OrleansKube.Model.Core;

public sealed record ExecAction
{
    public List<string>? Command { get; set; }
}
