using OrleansKube.Grains.Hosting;

namespace OrleansKube.ClusterTests;

public sealed class RedisObjectRepositoryTests
{
    private static Event Event(string name) => new()
    {
        ApiVersion = "v1",
        Kind = "Event",
        Metadata = new ObjectMeta { Name = name, Namespace = "default" },
        Reason = "Tested",
    };

    [Fact]
    public async Task RemoveAsync_ManyNames_RemovesExactlyThoseFromTheShard()
    {
        await using var redis = await RedisServer.StartAsync();
        using var repository = new RedisObjectRepository(redis.Configuration, $"okube-{Guid.NewGuid():N}", new StoreHealth());
        await repository.ConnectAsync();
        var shard = new IndexKey("Event", "default", 0);
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await repository.PutAsync(shard, Event(name));
        }

        await repository.RemoveAsync(shard, ["a", "c", "missing"]);

        Assert.Equal(["b", "d"], (await repository.LoadAsync(shard)).Select(o => o.Metadata.Name!).Order(StringComparer.Ordinal));
    }
}
