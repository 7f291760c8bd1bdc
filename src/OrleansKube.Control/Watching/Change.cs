namespace OrleansKube.Control.Watching;

/// <summary>
/// One committed change of a kind, as its watch cache keeps it. <see cref="Object"/> is the state it stored
/// (for a deletion the last state, stamped with the deletion's resourceVersion); <see cref="Previous"/> the
/// state it replaced (null for a creation): watchers need it to see an object leave their selector, and lists at an
/// older resourceVersion to see the object as it was. <see cref="At"/> is the simulation's instant of the commit.
/// </summary>
public sealed record Change(long ResourceVersion, ChangeType Type, KubeObject Object, KubeObject? Previous, DateTimeOffset At);
