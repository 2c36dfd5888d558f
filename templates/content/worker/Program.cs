// A UDP service in the generic host: the endpoint binds as appsettings.json's "Echo" section says (127.0.0.1:41234),
// resolves EchoHandlers from DI, logs through ILogger and closes its socket when the host stops (Ctrl+C).
// Settings are read from beside the program, so it behaves the same whatever directory it is started from; override
// them on the command line (--Echo:Port=5000) or in the environment (Echo__Address=0.0.0.0 to listen on every address).
using Microsoft.Extensions.Hosting;
using TypedDgram.Hosting;
using TypedDgramWorker;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Services.AddDatagramEndpoint<EchoHandlers>(builder.Configuration.GetSection("Echo"));

await builder.Build().RunAsync();
