namespace OrleansKube.LoadTests.Cost;

/// <summary>A grain that does nothing but answer: what one in-silo grain call costs, with no work of ours in it.</summary>
public interface IPingGrain : IGrainWithIntegerKey
{
    Task<int> PingAsync(int value);
}
