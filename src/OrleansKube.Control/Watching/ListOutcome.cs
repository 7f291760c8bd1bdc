namespace OrleansKube.Control.Watching;

/// <summary>Why a list at a resourceVersion cannot be served.</summary>
public enum ListRefusal
{
    None,

    /// <summary>410: older than the retained history.</summary>
    Expired,

    /// <summary>504: newer than the cache (ResourceVersionTooLarge).</summary>
    TooLarge,
}

/// <summary>One page of a list from a <see cref="KindCache"/>, at its snapshot resourceVersion.</summary>
public sealed record ListOutcome(List<KubeObject> Items, long ResourceVersion, ContinueToken? Next = null, long? RemainingItemCount = null, ListRefusal Refusal = ListRefusal.None, string? Message = null);
