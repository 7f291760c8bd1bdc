using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Selection;

namespace OrleansKube.Grains.Workloads;

/// <summary>
/// The ControllerRevisions a StatefulSet's or DaemonSet's controller grain has seen (its informer's view of them): listed by
/// the workload's selector on activation — so a controller that comes back after a silo failure starts from the stored
/// history — then kept by their notifications and by what each pass leaves.
/// </summary>
internal sealed class RevisionView
{
    private readonly Dictionary<string, ControllerRevision> _revisions = new(StringComparer.Ordinal);

    public IReadOnlyCollection<ControllerRevision> Values => _revisions.Values;

    /// <summary>Takes a changed child if it is a revision (a copy older than the one held is ignored); false for other kinds.</summary>
    public bool Seen(KubeObject child)
    {
        if (child is not ControllerRevision revision)
        {
            return false;
        }

        var name = revision.Metadata.Name!;
        if (!_revisions.TryGetValue(name, out var held) || held.Metadata.Uid != revision.Metadata.Uid || !IsOlder(revision, held))
        {
            _revisions[name] = revision;
        }

        return true;
    }

    public void Gone(string name) => _revisions.Remove(name);

    /// <summary>What a pass left: the revisions it made, renumbered, kept and deleted.</summary>
    public void Replace(IEnumerable<ControllerRevision> revisions)
    {
        _revisions.Clear();
        foreach (var revision in revisions)
        {
            _revisions[revision.Metadata.Name!] = revision;
        }
    }

    /// <summary>The revisions of the namespace the selector matches, as stored now.</summary>
    public async Task ListAsync(IGrainFactory factory, string ns, LabelSelector? selector)
    {
        var matcher = LabelSelectors.ToSelector(selector);
        if (matcher.IsEverything || matcher == Selector.Nothing)
        {
            Replace([]);
            return;
        }

        Replace((await factory.Get<IApiGrain>(0).ListAsync(new ListQuery(Kinds.ControllerRevision.Plural, ns, matcher.ToString()))).OfType<ControllerRevision>());
    }

    private static bool IsOlder(KubeObject candidate, KubeObject current) =>
        long.TryParse(candidate.Metadata.ResourceVersion, out var a) && long.TryParse(current.Metadata.ResourceVersion, out var b) && a < b;
}
