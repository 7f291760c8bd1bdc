using OrleansKube.Model.Apps;

namespace OrleansKube.Control.Workloads.StatefulSets;

/// <summary>A StatefulSet's history in a pass: its current and update revisions, the collision count that named them, and all its revisions oldest first.</summary>
public sealed record StatefulSetRevisions(ControllerRevision Current, ControllerRevision Update, int CollisionCount, List<ControllerRevision> All);
