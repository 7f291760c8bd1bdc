using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

/// <summary>
/// A scheduler shard with a backlog hears of its binds late: Orleans runs the requests queued for a non-reentrant grain
/// before the continuations of its own calls, so a shard draining thousands of pods resumes after a bind only once its
/// mailbox is empty. Its scheduling latency must end where the pod was bound, not where the shard heard back.
/// </summary>
public sealed class SchedulingLatencyTests(SchedulingLatencyTests.LateReplyFixture cluster) : IClassFixture<SchedulingLatencyTests.LateReplyFixture>
{
    [Fact]
    public async Task SchedulingLatency_WhenTheShardHearsOfTheBindLate_EndsWhereThePodWasBound()
    {
        var ns = await Helpers.CreateNamespaceAsync(cluster, "late-reply");
        await cluster.SettleAsync();
        var recorded = new ConcurrentQueue<(string Instrument, double Seconds)>();
        using var listener = Listen(recorded);

        // The pod is queued and bound at this instant; the shard hears back only after the clock has moved on.
        cluster.Replies.DelayNextBindReply(TimeSpan.FromSeconds(20));
        await cluster.Api.ApplyAsync([Helpers.Pod(ns, "bound-early")], ApplyMode.Create);
        await cluster.AdvanceUntilAsync(async () => (await cluster.Api.GetAsync("Pod", ns, "bound-early")) is Pod { Status.Phase: PodPhase.Running }, "the pod runs");
        await cluster.SettleAsync();

        var scheduling = Assert.Single(recorded, r => r.Instrument == "okube.pod.scheduling_latency").Seconds;
        var startup = Assert.Single(recorded, r => r.Instrument == "okube.pod.startup_latency").Seconds;
        Assert.Equal(0, scheduling); // queued and bound at the same simulated instant
        Assert.True(startup >= 20, $"startup {startup} s: the pod ran after the delayed reply");
    }

    private MeterListener Listen(ConcurrentQueue<(string Instrument, double Seconds)> recorded)
    {
        var silo = cluster.SiloServices.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == silo && instrument.Meter.Name == KubeMetrics.MeterName && instrument.Name is "okube.pod.scheduling_latency" or "okube.pod.startup_latency")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => recorded.Enqueue((instrument.Name, value)));
        listener.Start();
        return listener;
    }

    /// <summary>A cluster whose scheduler shard can be made to hear of a bind only after simulated time has passed.</summary>
    public sealed class LateReplyFixture : ClusterFixture
    {
        public LateBindReplies Replies { get; } = new();

        protected override void ConfigureSilo(ISiloBuilder silo)
        {
            Replies.Time = Time;
            silo.AddOutgoingGrainCallFilter(Replies);
        }
    }

    /// <summary>Moves the fake clock on between a pod's bind and the reply reaching the shard that asked for it (once).</summary>
    public sealed class LateBindReplies : IOutgoingGrainCallFilter
    {
        private long _delayTicks;

        public Microsoft.Extensions.Time.Testing.FakeTimeProvider? Time { get; set; }

        public void DelayNextBindReply(TimeSpan by) => Interlocked.Exchange(ref _delayTicks, by.Ticks);

        public async Task Invoke(IOutgoingGrainCallContext context)
        {
            await context.Invoke();
            if (context.InterfaceMethod?.Name == nameof(IPodGrain.BindAsync) && context.SourceContext?.GrainId.Type.ToString() == "schedulershard"
                && Interlocked.Exchange(ref _delayTicks, 0) is > 0 and var ticks)
            {
                Time!.Advance(TimeSpan.FromTicks(ticks));
            }
        }
    }
}
