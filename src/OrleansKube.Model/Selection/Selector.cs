namespace OrleansKube.Model.Selection;

/// <summary>A conjunction of requirements. The empty selector matches everything; <see cref="Nothing"/> matches nothing.</summary>
public sealed class Selector
{
    private readonly bool _matchesNothing;

    public Selector(IReadOnlyList<Requirement> requirements)
        : this(requirements, matchesNothing: false)
    {
    }

    private Selector(IReadOnlyList<Requirement> requirements, bool matchesNothing)
    {
        Requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public static Selector Everything { get; } = new([]);

    public static Selector Nothing { get; } = new([], matchesNothing: true);

    public IReadOnlyList<Requirement> Requirements { get; }

    public bool IsEverything => !_matchesNothing && Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        // Indexed, not foreach: this runs per pod per node in affinity checks, and an interface enumerator allocates.
        for (var i = 0; i < Requirements.Count; i++)
        {
            if (!Requirements[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    public override string ToString() => string.Join(",", Requirements);
}
