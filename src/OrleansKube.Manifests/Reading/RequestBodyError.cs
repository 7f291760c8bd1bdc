namespace OrleansKube.Manifests.Reading;

/// <summary>Why a request body was refused, as upstream's status reasons (their HTTP codes in the values).</summary>
public enum RequestBodyError
{
    BadRequest = 400,
    RequestEntityTooLarge = 413,
    UnsupportedMediaType = 415,
}
