using OrleansKube.Grains.Hosting;

namespace OrleansKube.Grains.ControlPlane;

/// <summary>A mirror pod's log lines, the newest <see cref="Capacity"/> (a ring, as a container runtime rotates its log).</summary>
public sealed class ControlPlaneLogGrain : ResidentGrain, IControlPlaneLogGrain
{
    public const int Capacity = 2_000;

    private readonly Queue<(DateTimeOffset At, string Text)> _lines = new();

    public Task AppendAsync(DateTimeOffset at, string line)
    {
        if (_lines.Count == Capacity)
        {
            _lines.Dequeue();
        }

        _lines.Enqueue((at, line));
        return Task.CompletedTask;
    }

    /// <summary>The lines in time order (a silo's start-up lines may arrive after its first leadership's).</summary>
    public Task<List<(DateTimeOffset At, string Text)>> ReadAsync() => Task.FromResult(_lines.OrderBy(l => l.At).ToList());
}
