using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansKube.Grains.Hosting;
using OrleansKube.LoadTests.Cost;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// With the embedded silo in this process, hears its pod startup and scheduling latencies as they are recorded:
/// measured from the pod's creation to the tick, where the objects' timestamps have whole seconds (as upstream's).
/// Each pod Running also ends the <see cref="CostMeter"/>'s window, until the last one.
/// Only the embedded silo's own meter (made by its <see cref="IMeterFactory"/>): another silo in the process (tests) is not heard.
/// </summary>
public sealed class SiloListener : IDisposable
{
    private readonly MeterListener _listener = new();

    public SiloListener(IMeterFactory silo, RunRecorder recorder, double timeScale, CostMeter? cost = null)
    {
        var clock = Stopwatch.StartNew();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == silo && instrument.Meter.Name == KubeMetrics.MeterName && instrument.Name is "okube.pod.startup_latency" or "okube.pod.scheduling_latency")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, latency, _, _) =>
        {
            var at = clock.Elapsed.TotalSeconds * timeScale;
            if (instrument.Name == "okube.pod.startup_latency")
            {
                recorder.Startup(at, latency);
                cost?.PodRunning();
            }
            else
            {
                recorder.Scheduling(at, latency);
            }
        });
        _listener.Start();
    }

    public void Dispose() => _listener.Dispose();
}
