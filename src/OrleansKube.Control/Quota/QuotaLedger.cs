namespace OrleansKube.Control.Quota;

/// <summary>
/// A namespace's quota charges between admission and the watch cache: what admission let in is reserved until the
/// cache lists the object (or, for a create that never landed, until the reservation expires), so two creates
/// admitted one after the other cannot both take the last slot. Re-admitting a name replaces its reservation.
/// </summary>
public sealed class QuotaLedger(TimeSpan expiry)
{
    private readonly Dictionary<ObjectKeyText, (KubeObject Object, DateTimeOffset At)> _reserved = [];

    public int Count => _reserved.Count;

    /// <summary>
    /// Admits <paramref name="obj"/> against <paramref name="quotas"/> given the namespace's <paramref name="listed"/>
    /// objects; reserves it when admitted. Returns the refusal, or null.
    /// </summary>
    public Store.ApiError? Admit(KubeObject obj, IReadOnlyList<ResourceQuota> quotas, IReadOnlyCollection<KubeObject> listed, DateTimeOffset now)
    {
        var key = ObjectKeyText.Of(obj);
        Forget(listed, now);
        _reserved.Remove(key);
        var counted = Counted(listed).ToList();
        if (QuotaAdmission.Exceeded(obj, quotas.Select(q => (q, QuotaUsage.Used(q, counted)))) is { } refused)
        {
            return refused;
        }

        _reserved[key] = (obj, now);
        return null;
    }

    /// <summary>The listed objects and the reserved ones the list does not hold yet.</summary>
    public IEnumerable<KubeObject> Counted(IReadOnlyCollection<KubeObject> listed)
    {
        var keys = listed.Select(ObjectKeyText.Of).ToHashSet();
        return listed.Concat(_reserved.Where(r => !keys.Contains(r.Key)).Select(r => r.Value.Object));
    }

    /// <summary>Drops the reservations the list now holds and those past their expiry.</summary>
    public void Forget(IReadOnlyCollection<KubeObject> listed, DateTimeOffset now)
    {
        var keys = listed.Select(ObjectKeyText.Of).ToHashSet();
        foreach (var key in _reserved.Where(r => keys.Contains(r.Key) || now - r.Value.At > expiry).Select(r => r.Key).ToList())
        {
            _reserved.Remove(key);
        }
    }

    private readonly record struct ObjectKeyText(string Kind, string Name)
    {
        public static ObjectKeyText Of(KubeObject obj) => new(Kinds.Of(obj).Kind, obj.Metadata.Name ?? "");
    }
}
