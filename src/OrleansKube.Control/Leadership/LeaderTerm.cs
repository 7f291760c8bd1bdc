namespace OrleansKube.Control.Leadership;

/// <summary>
/// What a leader-only loop accepts from the elected leader: its term and how long its mandate runs (renew time +
/// renew deadline). A term older than one already seen is refused, so a deposed leader can never act again.
/// </summary>
public sealed class LeaderTerm
{
    public int Term { get; private set; } = -1;

    public string? Holder { get; private set; }

    public DateTimeOffset Until { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Accepts a (re)newed mandate unless its term is stale; returns whether it was accepted.</summary>
    public bool Accept(string holder, int term, DateTimeOffset renewTime)
    {
        if (term < Term || (term == Term && holder != Holder))
        {
            return false;
        }

        var until = renewTime + LeaderElection.RenewDeadline;
        Until = term > Term || until > Until ? until : Until;
        (Term, Holder) = (term, holder);
        return true;
    }

    /// <summary>Whether the loop may act now: a leader's mandate has not run out.</summary>
    public bool Leading(DateTimeOffset now) => Holder is not null && now < Until;
}
