namespace OrleansKube.Grains.Objects;

/// <summary>An Events shard's retention: Events deleted a TTL after their last timestamp, and the oldest beyond the shard's cap.</summary>
public sealed partial class ObjectIndexGrain
{
    public async Task ExpireEventsAsync()
    {
        if (_retention is null)
        {
            return;
        }

        var due = _retention.TakeDue(clock.Time.GetUtcNow());
        var expired = new List<KubeObject>(due.Count);
        foreach (var name in due)
        {
            if (_objects.Remove(name, out var removed))
            {
                expired.Add(removed);
                NotifyRemoved(removed);
            }
        }

        if (expired.Count > 0)
        {
            await WatchCache.CommitRemovalsAsync(expired.AsImmutable());
        }

        if (due.Count > 0)
        {
            await repository.RemoveAsync(_key, due);
        }

        ScheduleExpiry();
    }

    /// <summary>The followed Events to delete so that <paramref name="fresh"/> ones fit the shard's cap (null when they fit).</summary>
    private List<KubeObject>? MakeRoom(List<KubeObject> fresh)
    {
        if (_retention is null || _retention.Count + fresh.Count <= _retention.Capacity)
        {
            return null;
        }

        var oldest = fresh.OfType<Event>().MinBy(EventRetention.LastSeen);
        if (oldest is null || _retention.MakeRoom(fresh.Count, oldest) is not { } names)
        {
            return null;
        }

        var evicted = new List<KubeObject>(names.Count);
        foreach (var name in names)
        {
            if (_objects.TryGetValue(name, out var obj))
            {
                evicted.Add(obj);
            }
        }

        return evicted;
    }

    private async Task ForgetEvictedAsync(List<KubeObject> evicted)
    {
        var names = new List<string>(evicted.Count);
        foreach (var obj in evicted)
        {
            _objects.Remove(obj.Metadata.Name!);
            NotifyRemoved(obj);
            names.Add(obj.Metadata.Name!);
        }

        await repository.RemoveAsync(_key, names);
    }

    /// <summary>Follows a stored Event for its TTL and the shard's cap.</summary>
    private void Retain(KubeObject obj)
    {
        if (_retention is not null && obj is Event ev)
        {
            _retention.Track(ev);
            _expiry?.WakeBy(_retention.NextDue(clock.Time.GetUtcNow()));
        }
    }

    private void ScheduleExpiry() => _expiry?.WakeAt(_retention!.NextDue(clock.Time.GetUtcNow()));
}
