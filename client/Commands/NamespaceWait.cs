namespace OrleansKube.Cli.Commands;

/// <summary>
/// Waits for a terminating namespace to go, telling stderr every 2 s how many objects it still holds (a namespace of
/// thousands of pods takes a while). Counts on the context's clock, so a test's fake clock drives it.
/// </summary>
public static class NamespaceWait
{
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(2);

    /// <summary>Returns once the namespace is gone; past <paramref name="deadline"/>, kubectl's one-line timeout error.</summary>
    public static async Task UntilGoneAsync(IApiGrain api, OkctlContext context, string name, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        while (await ExistsAsync(api, name))
        {
            var now = context.Time.GetUtcNow();
            if (now >= deadline)
            {
                throw new InvalidOperationException($"timed out waiting for the condition on namespaces/{name}");
            }

            var wait = deadline is { } end && end - now < ProgressInterval ? end - now : ProgressInterval;
            await Task.Delay(wait, context.Time, cancellationToken);
            if (await ExistsAsync(api, name) && await LeftAsync(api, name) is { } left)
            {
                await context.Err.WriteLineAsync($"namespace \"{name}\" terminating: {left} objects left");
            }
        }
    }

    // A busy server (an Orleans timeout) is not the namespace's fate: the wait asks again.
    private static async Task<bool> ExistsAsync(IApiGrain api, string name)
    {
        try
        {
            return await api.GetAsync(Kinds.Namespace.Kind, null, name) is not null;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }

    private static async Task<int?> LeftAsync(IApiGrain api, string name)
    {
        try
        {
            var counts = await Task.WhenAll(Kinds.All.Where(k => k.Namespaced).Select(k => api.CountAsync(new ListQuery(k.Plural, name))));
            return counts.Sum();
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
