namespace OrleansKube.Control.Autoscaling;

/// <summary>A desired count after stabilization and the rate limits, with the AbleToScale and ScalingLimited conditions that explain it.</summary>
public sealed record ScaleNormalization(int Replicas, Condition AbleToScale, Condition ScalingLimited, bool Limited);

/// <summary>A condition's reason and message.</summary>
public sealed record Condition(string Reason, string Message);
