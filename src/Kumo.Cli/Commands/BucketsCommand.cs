using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kumo.Abstractions;
using Kumo.Abstractions.Api;
using Spectre.Console;

namespace Kumo.Cli.Commands;

/// <summary><c>kumo buckets ls</c>: the buckets of Kumo's S3-compatible object storage.</summary>
internal static class BucketsCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print the buckets as JSON" };
        var list = new Command("ls", "List the buckets") { json };
        list.SetAction((parse, cancellationToken) =>
            ListAsync(parse.GetValue(EndpointOption.Instance)!, parse.GetValue(json), console, cancellationToken));
        return new Command("buckets", "Object storage buckets (use any S3 client for their objects)") { list };
    }

    internal static async Task<int> ListAsync(string endpointText, bool asJson, CliConsole console, CancellationToken cancellationToken)
    {
        using var client = NativeApiClient.Create(endpointText, console);
        if (client is null)
        {
            return ExitCodes.Usage;
        }

        var answer = await client.GetAsync(NativeApi.BucketsPath, KumoJsonContext.Default.BucketList, cancellationToken);
        if (answer.Value is not { } list)
        {
            return answer.ExitCode;
        }

        if (asJson)
        {
            console.Out.Profile.Out.Writer.WriteLine(JsonSerializer.Serialize(list, KumoJsonContext.Default.BucketList));
        }
        else if (list.Buckets.Count == 0)
        {
            console.Out.MarkupLine($"[dim]No buckets yet. Make one with any S3 client: aws --endpoint-url {Markup.Escape(client.Endpoint.ToString().TrimEnd('/'))} s3 mb s3://NAME[/]");
        }
        else
        {
            var table = CliFormat.ListTable("NAME", "REGION", "CREATED");
            foreach (var bucket in list.Buckets)
            {
                table.AddRow(
                    Markup.Escape(bucket.Name),
                    Markup.Escape(bucket.Region),
                    bucket.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            }

            console.Out.Write(table);
        }

        return ExitCodes.Success;
    }
}
