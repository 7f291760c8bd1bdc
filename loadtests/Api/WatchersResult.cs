namespace OrleansKube.LoadTests.Api;

/// <summary>What one watcher read: events by type, distinct pods added, and a digest of the sequence of resourceVersions.</summary>
public sealed record WatcherTally(int Events, int Added, int Modified, int Deleted, int Bookmarks, int PodsAdded, int OutOfOrder, ulong Digest, long LastResourceVersion, long TargetResourceVersion, bool ReachedTarget, string? Failure);

/// <summary>The run's watchers: how many, the events each received, and whether every one saw every pod event.</summary>
public sealed record WatchersResult(int Watchers, IReadOnlyList<int> EventsPerWatcher, int Added, int Modified, int Deleted, int Bookmarks, bool EverySawEveryEvent, IReadOnlyList<string> Problems);
