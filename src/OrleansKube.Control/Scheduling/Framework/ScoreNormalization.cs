namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>Upstream's score normalisations.</summary>
public static class ScoreNormalization
{
    /// <summary>
    /// <c>DefaultNormalizeScore</c>: scale so the highest score becomes 100; reversed, the highest becomes 0
    /// (and all become 100 when every score is 0).
    /// </summary>
    public static void Default(Span<long> scores, bool reverse)
    {
        long max = 0;
        foreach (var score in scores)
        {
            max = Math.Max(max, score);
        }

        if (max == 0)
        {
            if (reverse)
            {
                scores.Fill(SchedulingFramework.MaxNodeScore);
            }

            return;
        }

        for (var i = 0; i < scores.Length; i++)
        {
            var scaled = SchedulingFramework.MaxNodeScore * scores[i] / max;
            scores[i] = reverse ? SchedulingFramework.MaxNodeScore - scaled : scaled;
        }
    }
}
