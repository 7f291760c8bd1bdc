namespace OrleansKube.Model.Core;

public sealed record Lifecycle
{
    public LifecycleHandler? PostStart { get; set; }

    public LifecycleHandler? PreStop { get; set; }
}
