namespace OrleansKube.Model.Meta;

/// <summary>A version a kind is served in besides its stored one (autoscaling/v1 of the autoscaling/v2 HorizontalPodAutoscaler), with its converter.</summary>
public sealed record KindVersion(string ApiVersion, IVersionConverter Converter);
