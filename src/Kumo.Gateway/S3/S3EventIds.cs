namespace Kumo.Gateway.S3;

/// <summary>Log event ids of the S3 API; 500–599 of Kumo.Gateway.</summary>
internal static class S3EventIds
{
    public const int RequestFailed = 501;
    public const int ResponseCutShort = 502;
}
