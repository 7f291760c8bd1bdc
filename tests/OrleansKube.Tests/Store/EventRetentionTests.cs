using OrleansKube.Control.Store;

namespace OrleansKube.Tests.Store;

public class EventRetentionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 6, 0, 0, TimeSpan.Zero);

    private static Event Ev(string name, DateTimeOffset? last, DateTimeOffset? first = null, DateTimeOffset? created = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = "default", CreationTimestamp = created },
        FirstTimestamp = first,
        LastTimestamp = last,
    };

    [Fact]
    public void TakeDue_BeforeTheTtlAfterTheLastTimestamp_KeepsTheEvent()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100);
        retention.Track(Ev("a", T0));

        Assert.Empty(retention.TakeDue(T0 + TimeSpan.FromHours(1) - TimeSpan.FromSeconds(1)));
        Assert.Equal(T0 + TimeSpan.FromHours(1), retention.NextDue(T0));
    }

    [Fact]
    public void TakeDue_AtTheTtlAfterTheLastTimestamp_TakesOnlyExpiredEvents()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100);
        retention.Track(Ev("old", T0));
        retention.Track(Ev("new", T0 + TimeSpan.FromMinutes(30)));

        Assert.Equal(["old"], retention.TakeDue(T0 + TimeSpan.FromHours(1)));
        Assert.Equal(1, retention.Count);
        Assert.Equal(T0 + TimeSpan.FromMinutes(90), retention.NextDue(T0 + TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Track_AnEventWrittenAgain_CountsTheTtlFromItsNewLastTimestamp()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100);
        retention.Track(Ev("a", T0));
        retention.Track(Ev("a", T0 + TimeSpan.FromMinutes(50)));

        Assert.Empty(retention.TakeDue(T0 + TimeSpan.FromHours(1)));
        Assert.Equal(["a"], retention.TakeDue(T0 + TimeSpan.FromMinutes(110)));
    }

    [Fact]
    public void Track_WithoutLastTimestamp_FallsBackToFirstTimestampThenCreation()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100);
        retention.Track(Ev("first", last: null, first: T0));
        retention.Track(Ev("created", last: null, created: T0 + TimeSpan.FromMinutes(10)));

        Assert.Equal(["first"], retention.TakeDue(T0 + TimeSpan.FromHours(1)));
        Assert.Equal(["created"], retention.TakeDue(T0 + TimeSpan.FromMinutes(70)));
    }

    [Fact]
    public void Forget_ADeletedEvent_IsNeverTaken()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100);
        retention.Track(Ev("a", T0));
        retention.Forget("a");

        Assert.Empty(retention.TakeDue(T0 + TimeSpan.FromDays(1)));
        Assert.Null(retention.NextDue(T0));
    }

    [Fact]
    public void TakeDue_OverCapacity_TakesTheOldestDownToTheCapacityBeforeTheyExpire()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 3);
        foreach (var i in new[] { 4, 0, 3, 1, 2 })
        {
            retention.Track(Ev($"e{i}", T0 + TimeSpan.FromSeconds(i)));
        }

        Assert.Equal(T0, retention.NextDue(T0));
        Assert.Equal(["e0", "e1"], retention.TakeDue(T0));
        Assert.Equal(3, retention.Count);
        Assert.Equal(T0 + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2), retention.NextDue(T0));
    }

    [Fact]
    public void TakeDue_ManyExpired_TakesAtMostMaxPerTurnOldestFirst()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 10_000, maxPerTurn: 1_000);
        for (var i = 0; i < 2_500; i++)
        {
            retention.Track(Ev($"e{i:D4}", T0 + TimeSpan.FromMilliseconds(i)));
        }

        var later = T0 + TimeSpan.FromHours(2);
        var first = retention.TakeDue(later);
        var second = retention.TakeDue(later);
        var third = retention.TakeDue(later);

        Assert.Equal(Enumerable.Range(0, 1_000).Select(i => $"e{i:D4}"), first);
        Assert.Equal(1_000, second.Count);
        Assert.Equal(500, third.Count);
        Assert.Null(retention.NextDue(later));
    }

    [Fact]
    public void TakeDue_FarOverCapacity_TakesAtMostMaxPerTurnAndStaysDueNow()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100, maxPerTurn: 1_000);
        for (var i = 0; i < 1_500; i++)
        {
            retention.Track(Ev($"e{i:D4}", T0));
        }

        Assert.Equal(1_000, retention.TakeDue(T0).Count);
        Assert.Equal(T0, retention.NextDue(T0));
        Assert.Equal(400, retention.TakeDue(T0).Count);
        Assert.Equal(100, retention.Count);
    }

    [Fact]
    public void TakeDue_AfterABurstExpires_GivesTheTableItsRoomBack()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 10_000);
        for (var i = 0; i < 5_000; i++)
        {
            retention.Track(Ev($"e{i}", T0));
        }

        Assert.True(retention.Room >= 5_000);

        while (retention.TakeDue(T0 + TimeSpan.FromHours(1)).Count > 0)
        {
        }

        Assert.Equal(0, retention.Count);
        Assert.True(retention.Room <= 16, $"room for {retention.Room} Events after all expired");
    }

    [Fact]
    public void Forget_MostEvents_ShrinksTheTableToWhatIsLeft()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 10_000);
        for (var i = 0; i < 4_000; i++)
        {
            retention.Track(Ev($"e{i}", T0 + TimeSpan.FromSeconds(i)));
        }

        for (var i = 0; i < 3_900; i++)
        {
            retention.Forget($"e{i}");
        }

        Assert.Equal(100, retention.Count);
        Assert.True(retention.Room < 1_000, $"room for {retention.Room} Events with 100 left");
        Assert.Equal(["e3900"], retention.TakeDue(T0 + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(3_900)));
    }

    [Fact]
    public void Track_AfterTheTableShrank_StillFollowsEveryEvent()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 10_000);
        for (var round = 0; round < 3; round++)
        {
            var at = T0 + TimeSpan.FromHours(2 * round);
            for (var i = 0; i < 1_000; i++)
            {
                retention.Track(Ev($"r{round}-{i}", at));
            }

            Assert.Equal(1_000, retention.Count);
            var taken = new List<string>();
            for (var slice = retention.TakeDue(at + TimeSpan.FromHours(1)); slice.Count > 0; slice = retention.TakeDue(at + TimeSpan.FromHours(1)))
            {
                taken.AddRange(slice);
            }

            Assert.Equal(1_000, taken.Distinct().Count());
            Assert.Null(retention.NextDue(at + TimeSpan.FromHours(1)));
        }
    }

    [Fact]
    public void MakeRoom_AtCapacity_TakesTheOldestSoTheIncomingFit()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 3);
        foreach (var i in new[] { 2, 0, 1 })
        {
            retention.Track(Ev($"e{i}", T0 + TimeSpan.FromSeconds(i)));
        }

        Assert.Equal(["e0", "e1"], retention.MakeRoom(2, Ev("new", T0 + TimeSpan.FromSeconds(5))));
        Assert.Equal(1, retention.Count);
        Assert.Equal(T0 + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2), retention.NextDue(T0));
    }

    [Fact]
    public void MakeRoom_WithRoomLeft_TakesNothing()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 3);
        retention.Track(Ev("e0", T0));

        Assert.Null(retention.MakeRoom(2, Ev("new", T0)));
        Assert.Equal(1, retention.Count);
    }

    [Fact]
    public void MakeRoom_IncomingOlderThanTheFollowed_KeepsTheNewerFollowedOnes()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 2);
        retention.Track(Ev("old", T0));
        retention.Track(Ev("new", T0 + TimeSpan.FromMinutes(10)));

        Assert.Equal(["old"], retention.MakeRoom(2, Ev("incoming", T0 + TimeSpan.FromMinutes(5))));
        Assert.Equal(1, retention.Count);
    }

    [Fact]
    public void MakeRoom_FarOverCapacity_TakesAtMostMaxPerTurn()
    {
        var retention = new EventRetention(TimeSpan.FromHours(1), capacity: 100, maxPerTurn: 10);
        for (var i = 0; i < 100; i++)
        {
            retention.Track(Ev($"e{i:D3}", T0));
        }

        Assert.Equal(10, retention.MakeRoom(50, Ev("incoming", T0 + TimeSpan.FromSeconds(1)))!.Count);
        Assert.Equal(90, retention.Count);
    }
}
