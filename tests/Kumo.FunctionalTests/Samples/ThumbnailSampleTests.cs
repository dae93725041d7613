using System.Text.Json;
using Kumo.FunctionalTests.Lambda;
using Kumo.FunctionalTests.S3;
using Kumo.Testing;

namespace Kumo.FunctionalTests.Samples;

/// <summary>
/// samples/thumbnails, by the steps of its README against a real <c>kumo up</c>: the function from the sample's
/// folder, two buckets, a notification for <c>.jpg</c> keys, and real images made with Pillow. A JPEG put into the
/// bucket becomes a thumbnail in the other bucket, made inside the sandbox through Kumo's S3 API; a PNG put first
/// (which the filter leaves out) never does.
/// </summary>
public sealed class ThumbnailSampleTests(LambdaServer server) : IClassFixture<LambdaServer>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    private static readonly TestFunction Sample =
        new("thumbnails", "python3.11", "app.handler", Path.Combine(ClientTools.RepositoryRoot, "samples", "thumbnails"));

    // Makes an image with Pillow, or prints one's format and size.
    private const string ImageScript = """
        import sys
        from PIL import Image
        if sys.argv[1] == "make":
            Image.new("RGB", (int(sys.argv[3]), int(sys.argv[4])), (200, 80, 40)).save(sys.argv[2])
        else:
            with Image.open(sys.argv[2]) as image:
                print(image.format, image.size[0], image.size[1])
        """;

    private async Task<string> OkAsync(params string[] arguments)
    {
        var run = await ClientProcess.RunAsync(ClientTools.AwsCli, ["--endpoint-url", server.Endpoint, .. arguments], server.ClientEnvironment, Deadline);
        Assert.True(run.ExitCode == 0, $"aws {string.Join(' ', arguments)}: {run.Stdout} {run.Stderr}");
        return run.Stdout;
    }

    private async Task<string> ImageAsync(params string[] arguments)
    {
        var run = await ClientProcess.RunAsync(ClientTools.Python, ["-c", ImageScript, .. arguments], server.ClientEnvironment, Deadline);
        Assert.True(run.ExitCode == 0, $"Pillow (Debian package python3-pil) {string.Join(' ', arguments)}: {run.Stderr}");
        return run.Stdout.Trim();
    }

    [Fact]
    public async Task JpegPutIntoTheBucket_BecomesAThumbnailInTheOther_PngLeftOutByTheFilter()
    {
        var photos = S3Server.NewBucketName("photos");
        var thumbnails = S3Server.NewBucketName("thumbs");
        var function = LambdaServer.NewFunctionName("thumbnails");
        var lambda = LambdaClient.For(LambdaClient.AwsCli, server);
        (await lambda.CreateFunctionAsync(
            function, Sample.Runtime, Sample.Handler, server.Packages.Package(Sample), memorySize: 512,
            environment: new Dictionary<string, string> { ["THUMBNAIL_BUCKET"] = thumbnails })).AssertOk();
        await lambda.WaitUntilActiveAsync(function);
        await OkAsync("s3", "mb", $"s3://{photos}");
        await OkAsync("s3", "mb", $"s3://{thumbnails}");
        await OkAsync(
            "s3api", "put-bucket-notification-configuration", "--bucket", photos, "--notification-configuration",
            JsonSerializer.Serialize(new
            {
                LambdaFunctionConfigurations = new[]
                {
                    new
                    {
                        Id = "thumbnails",
                        LambdaFunctionArn = $"arn:aws:lambda:us-east-1:000000000000:function:{function}",
                        Events = new[] { "s3:ObjectCreated:*" },
                        Filter = new { Key = new { FilterRules = new[] { new { Name = "suffix", Value = ".jpg" } } } },
                    },
                },
            }));

        var jpeg = server.Temp.Combine("cat in hat.jpg");
        var png = server.Temp.Combine("diagram.png");
        await ImageAsync("make", jpeg, "800", "600");
        await ImageAsync("make", png, "300", "900");
        // The PNG goes first: changes are handed on in order, so once the JPEG's thumbnail exists, the PNG's change
        // has been seen and left out.
        await OkAsync("s3", "cp", png, $"s3://{photos}/2026/diagram.png");
        await OkAsync("s3", "cp", jpeg, $"s3://{photos}/2026/cat in hat.jpg");

        var thumbnail = server.Temp.Combine("thumbnail.jpg");
        await Poll.UntilAsync(
            async () => (await ClientProcess.RunAsync(
                ClientTools.AwsCli,
                ["--endpoint-url", server.Endpoint, "s3", "cp", $"s3://{thumbnails}/2026/cat in hat.jpg", thumbnail],
                server.ClientEnvironment,
                Deadline)).ExitCode == 0,
            "the thumbnail to appear",
            Deadline);

        Assert.Equal("JPEG 128 96", await ImageAsync("size", thumbnail));
        var head = JsonDocument.Parse(await OkAsync("s3api", "head-object", "--bucket", thumbnails, "--key", "2026/cat in hat.jpg", "--output", "json")).RootElement;
        Assert.Equal("image/jpeg", head.GetProperty("ContentType").GetString());
        Assert.Equal($"{photos}/2026/cat in hat.jpg", head.GetProperty("Metadata").GetProperty("source").GetString());
        var listed = JsonDocument.Parse(await OkAsync("s3api", "list-objects-v2", "--bucket", thumbnails, "--output", "json")).RootElement;
        Assert.Equal(["2026/cat in hat.jpg"], listed.GetProperty("Contents").EnumerateArray().Select(o => o.GetProperty("Key").GetString()));

        await lambda.DeleteFunctionAsync(function);
    }
}
