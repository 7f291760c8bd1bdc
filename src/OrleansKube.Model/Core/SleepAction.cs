namespace OrleansKube.Model.Core;

public sealed record SleepAction
{
    public long Seconds { get; set; }
}
