namespace OrleansKube.Model.Resources;

/// <summary>How a quantity prints, chosen by the suffix it was written with (as upstream).</summary>
public enum QuantityFormat
{
    DecimalSI,
    BinarySI,
    DecimalExponent,
}
