namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// An object its sender gives up: the receiver may finish it in place (a create stamps uid, timestamps, defaults) and
/// the sender keeps no reference. Passed without a copy and outside the shared-objects check (<see cref="SharedObjects"/>),
/// which holds from the moment the receiver shares it on (stores it, returns it).
/// </summary>
[GenerateSerializer, Immutable, Alias("OrleansKube.HandedOver")]
public readonly record struct HandedOver([property: Id(0)] Model.Meta.KubeObject Object);
