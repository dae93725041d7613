using Amazon.S3;
using Amazon.S3.Model;

namespace S3Thumbnail;

public sealed record ThumbnailRequest(string Bucket, string Key);

public sealed record ThumbnailResult(string Thumbnail, int Bytes, string? ServiceUrl, bool ForcePathStyle);

public sealed class Function
{
    // No endpoint, region or credentials here: the SDK reads them from the environment, as on Lambda.
    private readonly AmazonS3Client _s3 = new();

    public async Task<ThumbnailResult> HandleAsync(ThumbnailRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var original = await _s3.GetObjectAsync(request.Bucket, request.Key);
        using var reader = new StreamReader(original.ResponseStream);
        var thumbnail = "thumbnail of " + await reader.ReadToEndAsync();
        var key = "thumbnails/" + request.Key;
        await _s3.PutObjectAsync(new PutObjectRequest { BucketName = request.Bucket, Key = key, ContentBody = thumbnail, ContentType = "text/plain" });
        var config = (AmazonS3Config)_s3.Config;
        return new ThumbnailResult(key, thumbnail.Length, config.ServiceURL, config.ForcePathStyle);
    }
}
