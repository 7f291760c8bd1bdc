using System.Globalization;

namespace OrleansKube.Manifests.Simulation;

/// <summary>One simulated usage: an amount (a quantity) or a percentage of what the pod requests.</summary>
public readonly record struct UsageValue(Quantity Amount, decimal? PercentOfRequest)
{
    /// <summary>The usage of a pod that requests <paramref name="request"/> (null: requests none, so a percentage is nothing).</summary>
    public Quantity Resolve(Quantity? request) =>
        PercentOfRequest is { } percent ? new Quantity((request?.Amount ?? 0) * percent / 100, request?.Format ?? QuantityFormat.DecimalSI) : Amount;

    public static bool TryParse(string text, out UsageValue value)
    {
        value = default;
        if (text.EndsWith('%'))
        {
            if (!decimal.TryParse(text[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent < 0)
            {
                return false;
            }

            value = new UsageValue(Quantity.Zero, percent);
            return true;
        }

        if (!Quantity.TryParse(text, out var amount) || amount.Amount < 0)
        {
            return false;
        }

        value = new UsageValue(amount, null);
        return true;
    }
}
