namespace OrleansKube.ClusterTests;

/// <summary>
/// Waits for asynchronous (one-way) messages inside the silo to be delivered. Simulated time only moves when
/// a test advances the fake clock, so this waits on message delivery, never on timing.
/// </summary>
public static class Eventually
{
    public static Task HoldsAsync(Func<Task<bool>> condition, string what) => HoldsAsync(condition, () => what);

    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what, int seconds = 20)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Still not true after {seconds} s of message delivery: {what()}");
            }

            await Task.Delay(5);
        }
    }
}
