namespace OrleansKube.Control.Workloads.GarbageCollection;

/// <summary>How many more writes the collector may make in its current slice (unbounded when not given).</summary>
public sealed class WriteBudget(int writes)
{
    public static WriteBudget Unbounded => new(int.MaxValue);

    public int Remaining { get; private set; } = writes;

    public bool Exhausted => Remaining <= 0;

    public void Spend() => Remaining--;
}
