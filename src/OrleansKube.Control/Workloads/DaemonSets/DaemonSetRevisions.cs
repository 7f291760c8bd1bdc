using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.DaemonSets;

/// <summary>A DaemonSet's history in a pass: the revision of its current template, and the older ones.</summary>
public sealed record DaemonSetRevisions(ControllerRevision Current, IReadOnlyList<ControllerRevision> Old);
