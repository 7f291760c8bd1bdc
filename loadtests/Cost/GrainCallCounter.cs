using System.Diagnostics.Metrics;

namespace OrleansKube.LoadTests.Cost;

/// <summary>
/// Counts the grain calls of one silo in this process from Orleans' own meter (<c>Microsoft.Orleans</c>). The instrument
/// is <c>orleans-messaging-processing-dispatcher-received</c>: an observable counter Orleans adds one to for every
/// message an activation receives (<c>ActivationData.ReceiveMessage</c>), tagged with its direction, counted only while
/// a listener enables it. Its <c>Request</c> and <c>OneWay</c> messages are the grain calls, from grains and from the
/// co-hosted client alike; responses and system targets' messages (membership, directory) are not counted.
/// <c>orleans-app-requests-latency-count</c> was the other candidate, but it counts only calls awaiting a response,
/// not one-way ones, and <c>orleans-messaging-sent-local</c> counts responses too.
/// </summary>
public sealed class GrainCallCounter : IDisposable
{
    public const string MeterName = "Microsoft.Orleans";
    public const string InstrumentName = "orleans-messaging-processing-dispatcher-received";
    private readonly MeterListener _listener = new();
    private readonly Lock _lock = new();
    private long _sum;

    /// <param name="silo">The silo's meter factory: another silo in the process (tests) is not counted.</param>
    public GrainCallCounter(IMeterFactory silo)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == silo && instrument.Meter.Name == MeterName && instrument.Name == InstrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "Direction", Value: "Request" or "OneWay" })
                {
                    _sum += value;
                }
            }
        });
        _listener.Start();
    }

    /// <summary>Grain calls received since the silo started (the counter is cumulative, one measurement per tag set).</summary>
    public long Read()
    {
        lock (_lock)
        {
            _sum = 0;
            _listener.RecordObservableInstruments();
            return _sum;
        }
    }

    public void Dispose() => _listener.Dispose();
}
