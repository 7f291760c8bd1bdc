using OrleansKube.Control.Workloads;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Tests.Workloads;

/// <summary>
/// A recording API for reconciler tests: objects kept by kind and name, names generated, every write and event
/// recorded; creates can be made to fail from the Nth on.
/// </summary>
public sealed class RecordingObjectControl : IObjectControl
{
    private int _names;
    private int _creates;

    public RecordingObjectControl(DateTimeOffset now)
    {
        Now = now;
    }

    public DateTimeOffset Now { get; set; }

    public Dictionary<(string Kind, string Name), KubeObject> Objects { get; } = [];

    public List<string> Calls { get; } = [];

    public List<string> Events { get; } = [];

    /// <summary>Called after every stored write, to check invariants at each step.</summary>
    public Action? AfterWrite { get; set; }

    /// <summary>Creates fail from this (1-based) attempt on; null: never.</summary>
    public int? FailCreatesFrom { get; set; }

    public IEnumerable<T> All<T>()
        where T : KubeObject => Objects.Values.OfType<T>().OrderBy(o => o.Metadata.Name, StringComparer.Ordinal);

    public T Get<T>(string name)
        where T : KubeObject => (T)Objects[(typeof(T).Name, name)];

    public T Put<T>(T obj)
        where T : KubeObject
    {
        obj.Metadata.Uid ??= "uid-" + obj.Metadata.Name;
        obj.Metadata.CreationTimestamp ??= Now;
        obj.Metadata.ResourceVersion ??= "1";
        obj.Metadata.Generation ??= 1;
        Objects[(obj.GetType().Name, obj.Metadata.Name!)] = obj;
        AfterWrite?.Invoke();
        return obj;
    }

    /// <summary>The size of each batch create, in order.</summary>
    public List<int> Batches { get; } = [];

    public async Task<List<(KubeObject? Created, Exception? Error)>> CreateBatchAsync(IReadOnlyList<KubeObject> objects)
    {
        Batches.Add(objects.Count);
        var results = new List<(KubeObject?, Exception?)>();
        foreach (var obj in objects)
        {
            try
            {
                results.Add((await CreateAsync(obj), null));
            }
            catch (InvalidOperationException e)
            {
                results.Add((null, e));
            }
        }

        return results;
    }

    public Task<KubeObject> CreateAsync(KubeObject obj)
    {
        var attempt = Interlocked.Increment(ref _creates);
        var copy = KubeJson.Clone(obj);
        copy.Metadata.Name ??= copy.Metadata.GenerateName + (++_names).ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        Calls.Add($"create {copy.GetType().Name} {copy.Metadata.Name}");
        if (attempt >= FailCreatesFrom)
        {
            return Task.FromException<KubeObject>(new InvalidOperationException("quota exceeded"));
        }

        if (Objects.ContainsKey((copy.GetType().Name, copy.Metadata.Name)))
        {
            return Task.FromException<KubeObject>(new InvalidOperationException("already exists"));
        }

        copy.Metadata.Uid = "uid-" + copy.Metadata.Name;
        copy.Metadata.CreationTimestamp = Now;
        copy.Metadata.ResourceVersion = "1";
        copy.Metadata.Generation = 1;
        return Task.FromResult(Put(copy) as KubeObject);
    }

    public Task<KubeObject> UpdateAsync(KubeObject obj)
    {
        var copy = KubeJson.Clone(obj);
        Calls.Add(copy is ReplicaSet rs ? $"scale {rs.Metadata.Name} {rs.Spec?.Replicas}" : $"update {copy.GetType().Name} {copy.Metadata.Name}");
        return Task.FromResult(Put(copy) as KubeObject);
    }

    public Task<KubeObject> UpdateStatusAsync(KubeObject obj)
    {
        Calls.Add($"status {obj.GetType().Name} {obj.Metadata.Name}");
        return Task.FromResult(Put(KubeJson.Clone(obj)) as KubeObject);
    }

    public Task<KubeObject?> GetAsync(KindInfo kind, string ns, string name) => Task.FromResult(Objects.GetValueOrDefault((kind.Kind, name)));

    public Task DeleteAsync(KubeObject obj)
    {
        Calls.Add($"delete {obj.GetType().Name} {obj.Metadata.Name}");
        Objects.Remove((obj.GetType().Name, obj.Metadata.Name!));
        return Task.CompletedTask;
    }

    public void RecordEvent(KubeObject involved, string type, string reason, string message) => Events.Add($"{type} {reason} {message}");
}
