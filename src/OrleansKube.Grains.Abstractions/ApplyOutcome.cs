namespace OrleansKube.Grains.Abstractions;

/// <summary>What happened to one object of an apply, as kubectl prints it: <c>pod/web created</c>.</summary>
[GenerateSerializer]
[Alias("OrleansKube.ApplyOutcome")]
[Immutable]
public sealed record ApplyOutcome([property: Id(0)] string Resource, [property: Id(1)] string Name, [property: Id(2)] string Verb)
{
    public override string ToString() => $"{Resource}/{Name} {Verb}";
}
