namespace OrleansKube.Control.Quota;

/// <summary>
/// A namespace's quota charges between admission and the watch cache: what admission let in is reserved until the
/// cache lists the object (or, for a create that never landed, until the reservation expires), so two creates
/// admitted one after the other cannot both take the last slot. Re-admitting a name replaces its reservation. An
/// admitted update is reserved over the version it replaces: counted in its place until the cache lists another.
/// </summary>
public sealed class QuotaLedger(TimeSpan expiry)
{
    private readonly Dictionary<ObjectKeyText, Reservation> _reserved = [];

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

        _reserved[key] = new Reservation(obj, now, null);
        return null;
    }

    /// <summary>
    /// Admits an update of <paramref name="previous"/> to <paramref name="obj"/>: the quotas' usage (with the object as it
    /// is now) may grow by the update's delta up to their hard amounts. Reserves the new version when admitted.
    /// </summary>
    public Store.ApiError? AdmitUpdate(KubeObject obj, KubeObject previous, IReadOnlyList<ResourceQuota> quotas, IReadOnlyCollection<KubeObject> listed, DateTimeOffset now)
    {
        var key = ObjectKeyText.Of(obj);
        Forget(listed, now);
        _reserved.Remove(key);
        var counted = Counted(listed).ToList();
        if (QuotaAdmission.Exceeded(obj, QuotaAdmission.UpdateDelta(previous, obj), quotas.Select(q => (q, QuotaUsage.Used(q, counted)))) is { } refused)
        {
            return refused;
        }

        _reserved[key] = new Reservation(obj, now, previous.Metadata.ResourceVersion ?? "");
        return null;
    }

    /// <summary>The listed objects (an admitted update in place of the version it replaces) and the reserved creates the list does not hold yet.</summary>
    public IEnumerable<KubeObject> Counted(IReadOnlyCollection<KubeObject> listed)
    {
        var keys = new HashSet<ObjectKeyText>();
        foreach (var obj in listed)
        {
            var key = ObjectKeyText.Of(obj);
            keys.Add(key);
            yield return _reserved.TryGetValue(key, out var r) && r.Replaces == obj.Metadata.ResourceVersion ? r.Object : obj;
        }

        foreach (var (key, reservation) in _reserved)
        {
            if (reservation.Replaces is null && !keys.Contains(key))
            {
                yield return reservation.Object;
            }
        }
    }

    /// <summary>Drops the reservations the list now holds (a create listed, an update's version replaced) and those past their expiry.</summary>
    public void Forget(IReadOnlyCollection<KubeObject> listed, DateTimeOffset now)
    {
        var versions = new Dictionary<ObjectKeyText, string?>();
        foreach (var obj in listed)
        {
            versions[ObjectKeyText.Of(obj)] = obj.Metadata.ResourceVersion;
        }

        foreach (var key in _reserved.Where(r => Landed(r.Key, r.Value) || now - r.Value.At > expiry).Select(r => r.Key).ToList())
        {
            _reserved.Remove(key);
        }

        bool Landed(ObjectKeyText key, Reservation r) =>
            versions.TryGetValue(key, out var version) ? r.Replaces is null || r.Replaces != version : r.Replaces is not null;
    }

    /// <summary>A create's (<see cref="Replaces"/> null) or an update's, over the resourceVersion it replaces.</summary>
    private readonly record struct Reservation(KubeObject Object, DateTimeOffset At, string? Replaces);

    private readonly record struct ObjectKeyText(string Kind, string Name)
    {
        public static ObjectKeyText Of(KubeObject obj) => new(Kinds.Of(obj).Kind, obj.Metadata.Name ?? "");
    }
}
