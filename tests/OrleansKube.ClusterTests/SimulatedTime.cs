using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A test cluster's simulation clock, moved only by explicit steps. Each step sets the fake clock to the next instant
/// a silo's simulation timer is due and then waits until the cluster is quiet (<see cref="Quiescence"/>: every grain
/// call and detached task that instant set off has run), so every wake-up sees the time it was due at and the
/// outcome does not depend on how fast the machine is.
/// </summary>
public sealed class SimulatedTime(Func<InProcessTestCluster?> cluster)
{
    // A hang guard, not a timing assumption: a barrier that does not lift names what is still in flight.
    private static readonly TimeSpan SettleGuard = TimeSpan.FromMinutes(2);

    private int _stepsAtNow;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 6, 0, 0, TimeSpan.Zero));

    public Quiescence Quiescence { get; } = new();

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// Set once a silo has been killed: a one-way message addressed to it is lost without a trace, so a barrier
    /// that does not lift within this much real time forgets what is in flight and lets the test go on.
    /// </summary>
    public TimeSpan? LostMessageGrace { get; set; }

    /// <summary>Waits until nothing is in flight: what the last request or clock step set off has all run.</summary>
    public async Task SettleAsync()
    {
        SharedObjects.Process.Verify(sweep: false); // an object that crossed a grain boundary again changed (Debug builds)
        if (LostMessageGrace is { } grace)
        {
            try
            {
                await Quiescence.WhenQuietAsync().WaitAsync(grace); // real time: see LostMessageGrace
            }
            catch (TimeoutException)
            {
                Quiescence.Forget();
            }

            return;
        }

        try
        {
            await Quiescence.WhenQuietAsync().WaitAsync(SettleGuard);
        }
        catch (TimeoutException)
        {
            // Orleans drops a one-way message it has forwarded twice (its "Failed to forward message" warning): look there first.
            Assert.Fail($"The cluster did not settle within {SettleGuard.TotalSeconds} s; in flight: {Quiescence.Describe()}");
        }
    }

    /// <summary>Lets exactly <paramref name="by"/> of simulated time pass, stopping at every instant a timer is due.</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var until = Now + by;
        await SettleAsync();
        while (await StepAsync(until))
        {
        }

        Time.SetUtcNow(until);
        await SettleAsync();
    }

    /// <summary>
    /// Steps the clock from one due instant to the next until <paramref name="condition"/> holds on a settled cluster;
    /// fails when it does not within <paramref name="limit"/> of simulated time or when nothing is due any more.
    /// </summary>
    public async Task AdvanceUntilAsync(Func<Task<bool>> condition, Func<string> what, TimeSpan limit)
    {
        var until = Now + limit;
        await SettleAsync();
        while (!await condition())
        {
            if (!await StepAsync(until))
            {
                Assert.Fail($"Not true after {(Now - (until - limit)).TotalSeconds} s of simulated time ({(NextWake() is null ? "nothing more is due" : $"limit {limit.TotalSeconds} s")}): {what()}");
            }
        }
    }

    /// <summary>Checks <paramref name="condition"/> once the cluster has settled (no polling: nothing more is coming).</summary>
    public async Task HoldsAsync(Func<Task<bool>> condition, Func<string> what)
    {
        await SettleAsync();
        Assert.True(await condition(), what());
    }

    /// <summary>The earliest instant any silo's simulation clock will fire.</summary>
    public DateTimeOffset? NextWake() =>
        cluster()?.Silos.Where(s => s.IsActive).OfType<InProcessSiloHandle>()
            .Select(s => s.SiloHost.Services.GetRequiredService<SimulationClock>().NextWake)
            .Where(w => w is not null)
            .Min();

    /// <summary>Moves to the next due instant if it is not after <paramref name="until"/>, and settles.</summary>
    private async Task<bool> StepAsync(DateTimeOffset until)
    {
        if (NextWake() is not { } next || next > until)
        {
            return false;
        }

        if (next <= Now && ++_stepsAtNow > 10_000)
        {
            Assert.Fail($"A simulation timer is due at {next:O} for ever: it re-arms without time passing");
        }

        _stepsAtNow = next <= Now ? _stepsAtNow : 0;
        Time.SetUtcNow(next > Now ? next : Now);
        await SettleAsync();
        return true;
    }
}
