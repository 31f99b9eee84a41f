package io.jcri.ports.application.sandbox;

import io.jcri.domain.container.ImageProcessDefaults;
import io.jcri.domain.container.NamespaceMode;
import io.jcri.domain.container.SandboxConfig;
import io.jcri.domain.error.JcriException;
import io.jcri.domain.event.RuntimeEvent;
import io.jcri.domain.image.BuiltinImages;
import io.jcri.domain.image.Image;
import io.jcri.domain.image.RegistryAuth;
import io.jcri.domain.naming.Ids;
import io.jcri.domain.network.PodNetworkAttachment;
import io.jcri.domain.oci.SandboxPlacement;
import io.jcri.domain.sandbox.Sandbox;
import io.jcri.domain.sandbox.SandboxPaths;
import io.jcri.domain.sandbox.SandboxRecord;
import io.jcri.domain.sandbox.SandboxState;
import io.jcri.domain.task.Mount;
import io.jcri.domain.task.OciRuntime;
import io.jcri.domain.task.TaskIo;
import io.jcri.ports.application.common.Steps;
import io.jcri.ports.application.common.TaskReaper;
import io.jcri.ports.in.SandboxLifecycle.RunCommand;
import io.jcri.ports.out.CreationJournal.Call;
import io.jcri.ports.out.CreationJournal.Entry;
import io.jcri.ports.out.SandboxFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * RunPodSandbox: the sandbox image, a pinned network namespace with CNI ADD running beside the
 * rest, the sandbox files, the pause container and its task, then the pod's addresses recorded.
 * Every step that fails undoes the ones before it.
 */
final class SandboxRun {
    private static final System.Logger log = System.getLogger(SandboxRun.class.getName());

    private final SandboxContext ctx;
    private final SandboxNetworkSetup network;
    private final SandboxContainerCreation creation;

    SandboxRun(SandboxContext ctx) {
        this.ctx = ctx;
        this.network = new SandboxNetworkSetup(ctx.network);
        this.creation = new SandboxContainerCreation(ctx);
    }

    String run(RunCommand cmd) {
        SandboxConfig config = cmd.config();
        validate(config);
        String handlerName = ctx.handlers.nameOf(cmd.runtimeHandler());
        OciRuntime ociRuntime = ctx.handlers.resolve(cmd.runtimeHandler());
        String id = Ids.random();
        String reserved = Sandbox.reservedName(config);
        ctx.names.reserve(reserved, id);
        noteStart(id, reserved, handlerName);
        Steps steps = Steps.cancellable("RunPodSandbox " + config.namespace() + "/" + config.name() + " (" + id + ")");
        ctx.publish(
                RuntimeEvent.Type.SANDBOX_CREATING, id, Map.of("name", config.name(), "namespace", config.namespace()));
        try {
            Image image = steps.run("ensuring the sandbox image", () -> sandboxImage(handlerName));
            ctx.publish(RuntimeEvent.Type.SANDBOX_IMAGE_READY, id, Map.of("image", imageName(image)));
            SandboxNetworkSetup.Pending cni = network.begin(steps, id, cmd);
            SandboxPaths paths = steps.run("writing the sandbox files", () -> ctx.files.prepare(filesRequest(id, cmd)));
            steps.undo(() -> ctx.files.remove(id));
            Sandbox sandbox = new Sandbox(
                    id,
                    config,
                    handlerName,
                    imageName(image),
                    ctx.clock.instant(),
                    SandboxState.NOT_READY,
                    0,
                    cni.netns(),
                    null,
                    "",
                    paths,
                    cmd.portMappings(),
                    cmd.dns());
            String spec = steps.run("building the OCI spec", () -> spec(sandbox, image));
            List<Mount> rootfs = steps.run(
                    "creating the sandbox container", () -> creation.create(sandbox, image, ociRuntime, spec));
            steps.undo(() -> {
                ctx.runtime.deleteContainer(id);
                ctx.runtime.removeSnapshot(ctx.settings.snapshotterOf(handlerName), id);
            });
            int pid = steps.run("creating the sandbox task", () -> ctx.runtime.createTask(id, rootfs, TaskIo.none()));
            steps.undo(() -> TaskReaper.kill(ctx.runtime, id));
            steps.run("starting the sandbox task", () -> ctx.runtime.startTask(id));
            Sandbox ready = (cni.attaching() ? attached(steps, sandbox, cni) : sandbox).running(pid);
            recordReady(steps, ready);
            ctx.publish(RuntimeEvent.Type.SANDBOX_READY, id, Map.of("pid", Integer.toString(pid)));
            logReady(id, config, pid);
            ctx.journal().end(id, Call.SANDBOX);
            return id;
        } catch (RuntimeException e) {
            steps.rollback();
            ctx.journal().end(id, Call.SANDBOX);
            ctx.names.release(reserved, id);
            throw e;
        }
    }

    private static void logReady(String id, SandboxConfig config, int pid) {
        log.log(
                System.Logger.Level.DEBUG,
                "sandbox {0} ({1}/{2}) ready, pid {3}",
                id,
                config.namespace(),
                config.name(),
                pid);
    }

    /** Notes the start, durably, before anything of the pod is made: a kill before the answer leaves it. */
    private void noteStart(String id, String reserved, String handlerName) {
        try {
            ctx.journal().begin(new Entry(id, Call.SANDBOX, ctx.settings.snapshotterOf(handlerName), id, ""));
        } catch (RuntimeException e) {
            ctx.names.release(reserved, id);
            throw e;
        }
    }

    /** Tells the node resource plugins, then makes the sandbox visible (no plugin syncs in between). */
    private void recordReady(Steps steps, Sandbox ready) {
        ctx.plugins.get().exclusive(() -> {
            steps.run(
                    "telling the node resource plugins (RunPodSandbox)",
                    () -> ctx.plugins.get().runPodSandbox(ready));
            steps.undo(() -> ctx.plugins.get().removePodSandbox(ready));
            steps.checkCaller("recording the sandbox ready");
            ctx.store.put(ready);
            return ready;
        });
    }

    /** Linux's limit on a hostname (HOST_NAME_MAX), which sethostname(2) and runc enforce. */
    private static final int HOST_NAME_MAX = 64;

    private static void validate(SandboxConfig config) {
        if (config.name().isEmpty()
                || config.namespace().isEmpty()
                || config.uid().isEmpty()) {
            throw new JcriException.InvalidArgument(
                    "RunPodSandbox: metadata needs a name, a namespace and a uid (got name \"" + config.name()
                            + "\", namespace \"" + config.namespace() + "\", uid \"" + config.uid() + "\")");
        }
        if (config.logDirectory().indexOf('\0') >= 0) {
            throw new JcriException.InvalidArgument("RunPodSandbox " + config.namespace() + "/" + config.name()
                    + ": log_directory holds a NUL character, which no path may");
        }
        int hostnameBytes = config.hostname().getBytes(StandardCharsets.UTF_8).length;
        if (hostnameBytes > HOST_NAME_MAX) {
            throw new JcriException.InvalidArgument("RunPodSandbox " + config.namespace() + "/" + config.name()
                    + ": hostname is " + hostnameBytes + " bytes, Linux allows at most " + HOST_NAME_MAX);
        }
    }

    private static SandboxFiles.Request filesRequest(String id, RunCommand cmd) {
        SandboxConfig config = cmd.config();
        return new SandboxFiles.Request(
                id,
                config.hostname().isEmpty() ? config.name() : config.hostname(),
                cmd.dns().servers(),
                cmd.dns().searches(),
                cmd.dns().options(),
                config.security().namespaces().network() == NamespaceMode.NODE,
                config.security().namespaces().ipc() == NamespaceMode.NODE);
    }

    private String spec(Sandbox sandbox, Image image) {
        SandboxPaths paths = sandbox.paths();
        SandboxPlacement placement = SandboxPlacement.of(sandbox.id(), specImage(image), sandbox.netns())
                .withShmPath(paths.shm().map(Path::toString).orElse(null))
                .withFiles(
                        paths.hostname().toString(),
                        paths.hosts().toString(),
                        paths.resolvConf().toString());
        return ctx.specs.sandbox(sandbox.config(), placement).toJson();
    }

    /** Waits for CNI ADD, then records the pod's addresses on its engine record. */
    private Sandbox attached(Steps steps, Sandbox sandbox, SandboxNetworkSetup.Pending cni) {
        String id = sandbox.id();
        PodNetworkAttachment attachment = steps.run("setting up the pod network (CNI ADD)", cni::await);
        ctx.publish(
                RuntimeEvent.Type.SANDBOX_NETWORK_READY,
                id,
                Map.of("ips", String.join(",", attachment.ips().all()), "network", attachment.network()));
        Sandbox attached = sandbox.withNetwork(attachment.ips(), attachment.network());
        steps.run(
                "recording the pod's addresses",
                () -> ctx.runtime.updateContainerExtension(
                        id, SandboxRecord.EXTENSION, SandboxRecord.encode(attached)));
        return attached;
    }

    /** The pause image, unpacked for the pod's runtime handler. */
    private Image sandboxImage(String handler) {
        String configured = ctx.settings.sandboxImage();
        if (BuiltinImages.BUILTIN_SETTING.equals(configured)) {
            return ctx.images.ensure(BuiltinImages.PAUSE, RegistryAuth.NONE, handler);
        }
        try {
            return ctx.images.ensure(configured, RegistryAuth.NONE, handler);
        } catch (JcriException e) {
            log.log(
                    System.Logger.Level.WARNING,
                    "sandbox image " + configured + " cannot be pulled (" + e.getMessage()
                            + "); using jcri's built-in pause image " + BuiltinImages.PAUSE);
            return ctx.images.ensure(BuiltinImages.PAUSE, RegistryAuth.NONE, handler);
        }
    }

    private static String imageName(Image image) {
        if (!image.repoTags().isEmpty()) {
            return image.repoTags().get(0);
        }
        return image.repoDigests().isEmpty() ? image.id() : image.repoDigests().get(0);
    }

    static ImageProcessDefaults specImage(Image image) {
        var c = image.config();
        return new ImageProcessDefaults(c.entrypoint(), c.cmd(), c.env(), c.workingDir(), c.user(), c.stopSignal());
    }
}
