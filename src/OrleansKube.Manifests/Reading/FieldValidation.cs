namespace OrleansKube.Manifests.Reading;

/// <summary>upstream's <c>fieldValidation</c> query parameter: what a write does with unknown or duplicate fields.</summary>
public enum FieldValidation
{
    /// <summary>Refuse the request (400, <c>strict decoding error: …</c>); kubectl sends it once the server's OpenAPI declares the parameter.</summary>
    Strict,

    /// <summary>Drop the fields and say so in a warning; upstream's default when the parameter is absent.</summary>
    Warn,

    /// <summary>Drop the fields silently.</summary>
    Ignore,
}
