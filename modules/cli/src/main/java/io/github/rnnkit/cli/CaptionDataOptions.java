package io.github.rnnkit.cli;

import io.github.rnnkit.core.io.Json;
import io.github.rnnkit.data.captioning.CaptionFiles;
import io.github.rnnkit.data.captioning.CaptionedImage;
import io.github.rnnkit.data.captioning.ImageCaptions;
import io.github.rnnkit.data.captioning.ImageFiles;
import io.github.rnnkit.data.captioning.SceneGenerator;
import io.github.rnnkit.data.captioning.TileLibrary;
import io.github.rnnkit.data.store.DatasetStore;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Where a captioner's images come from ({@code train captioner}, {@code evaluate}): generated scenes of Fashion-MNIST
 * and MNIST tiles by default, or a Flickr8k / COCO layout folder.
 */
final class CaptionDataOptions {
    static final String ARTIFACT = "caption-data.json";

    @Option(names = "--scenes", defaultValue = "20000", description = "training scenes (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--validation-scenes", defaultValue = "1000", description = "validation scenes, scored after each epoch (default: ${DEFAULT-VALUE})")
    int validationScenes;

    @Option(names = "--test-scenes", defaultValue = "2000", description = "scenes in each test split, i.i.d. and compositional (default: ${DEFAULT-VALUE})")
    int testScenes;

    @Option(names = "--scene-seed", defaultValue = "1", description = "seed of the scenes drawn (default: ${DEFAULT-VALUE})")
    long sceneSeed;

    @Option(names = "--held-out-seed", defaultValue = "7", description = "seed that picks the held-out triples and counts (default: ${DEFAULT-VALUE})")
    long heldOutSeed;

    @Option(names = "--flickr8k", paramLabel = "FILE", description = "a Flickr8k-style captions file (IMAGE#N<TAB>caption) instead of scenes; needs --images")
    Path flickr8k;

    @Option(names = "--coco", paramLabel = "FILE", description = "a COCO captions_*.json file instead of scenes; needs --images")
    Path coco;

    @Option(names = "--images", paramLabel = "DIR", description = "the folder of the --flickr8k / --coco images")
    Path images;

    @Option(names = "--image-size", defaultValue = "56", description = "user images are resized to SIZE x SIZE (default: ${DEFAULT-VALUE})")
    int imageSize;

    @Option(names = "--channels", defaultValue = "1", description = "user images are read as 1 (grayscale) or 3 channels (default: ${DEFAULT-VALUE})")
    int channels;

    @Option(names = "--test-share", defaultValue = "0.1", description = "share of a user folder's images held out for test, as many again for validation (default: ${DEFAULT-VALUE})")
    double testShare;

    /** How the data was made, stored in the bundle so that {@code evaluate} can make the same test splits. */
    record Recipe(String kind, int scenes, int validationScenes, int testScenes, long sceneSeed, long heldOutSeed,
                  String captions, String images, int imageSize, int channels, double testShare) {
    }

    /** The images of one run. */
    record Parts(String name, List<CaptionedImage> train, List<CaptionedImage> validation,
                 Map<String, List<CaptionedImage>> tests, TileLibrary tiles, Recipe recipe) {
    }

    boolean userData() {
        return flickr8k != null || coco != null;
    }

    Recipe recipe() {
        if (flickr8k != null && coco != null) {
            throw new RnnkitCli.UsageException("--flickr8k and --coco are alternatives; give one");
        }
        if (userData() && images == null) {
            throw new RnnkitCli.UsageException((flickr8k != null ? "--flickr8k" : "--coco") + " needs --images DIR");
        }
        if (!userData() && images != null) {
            throw new RnnkitCli.UsageException("--images goes with --flickr8k or --coco");
        }
        if (scenes < 1 || validationScenes < 0 || testScenes < 1) {
            throw new RnnkitCli.UsageException("--scenes and --test-scenes must be >= 1 and --validation-scenes >= 0, "
                    + "got " + scenes + ", " + testScenes + ", " + validationScenes);
        }
        if (imageSize < 8 || imageSize > 1024) {
            throw new RnnkitCli.UsageException("--image-size must be in [8, 1024], got " + imageSize);
        }
        if (channels != 1 && channels != 3) {
            throw new RnnkitCli.UsageException("--channels must be 1 or 3, got " + channels);
        }
        if (!(testShare > 0 && testShare < 0.5)) {
            throw new RnnkitCli.UsageException("--test-share must be in (0, 0.5), got " + testShare);
        }
        String kind = flickr8k != null ? "flickr8k" : coco != null ? "coco" : "scenes";
        Path captions = flickr8k != null ? flickr8k : coco;
        return new Recipe(kind, scenes, validationScenes, testScenes, sceneSeed, heldOutSeed,
                captions == null ? null : captions.toAbsolutePath().toString(),
                images == null ? null : images.toAbsolutePath().toString(), imageSize, channels, testShare);
    }

    Parts load(DatasetStore store) throws IOException {
        return load(recipe(), store);
    }

    static Parts load(Recipe r, DatasetStore store) throws IOException {
        if (r.kind().equals("scenes")) {
            TileLibrary tiles = TileLibrary.fetch(store);
            SceneGenerator g = new SceneGenerator(tiles, r.heldOutSeed());
            Map<String, List<CaptionedImage>> tests = new LinkedHashMap<>();
            tests.put("iid", g.generate(SceneGenerator.Part.TEST_IID, r.testScenes(), r.sceneSeed()));
            tests.put("compositional", g.generate(SceneGenerator.Part.TEST_COMPOSITIONAL, r.testScenes(),
                    r.sceneSeed()));
            int[] held = g.heldOutSizes();
            return new Parts("scenes (" + held[0] + " triples and " + held[1] + " counts held out)",
                    g.generate(SceneGenerator.Part.TRAIN, r.scenes(), r.sceneSeed()),
                    g.generate(SceneGenerator.Part.VALIDATION, r.validationScenes(), r.sceneSeed()), tests, tiles, r);
        }
        Path captions = Path.of(r.captions());
        List<ImageCaptions> listed = r.kind().equals("flickr8k")
                ? CaptionFiles.flickr8k(captions, Path.of(r.images()))
                : CaptionFiles.coco(captions, Path.of(r.images()));
        ImageFiles loader = new ImageFiles(r.channels(), r.imageSize(), r.imageSize());
        List<CaptionedImage> all = new ArrayList<>(listed.size());
        for (ImageCaptions ic : listed) {
            CaptionedImage im = loader.load(ic.image());
            all.add(new CaptionedImage(im.id(), im.pixels(), im.channels(), im.height(), im.width(), ic.captions(),
                    null, null));
        }
        Collections.shuffle(all, new Random(r.sceneSeed()));
        int test = Math.max(1, (int) Math.round(all.size() * r.testShare()));
        if (all.size() < 2 * test + 1) {
            throw new IllegalArgumentException(captions + ": " + all.size() + " images are too few to hold out "
                    + test + " for test and " + test + " for validation");
        }
        Map<String, List<CaptionedImage>> tests = new LinkedHashMap<>();
        tests.put("test", List.copyOf(all.subList(0, test)));
        return new Parts(captions.getFileName() + " (" + all.size() + " images)", List.copyOf(all.subList(2 * test,
                all.size())), List.copyOf(all.subList(test, 2 * test)), tests, null, r);
    }

    static byte[] toJson(Recipe r) {
        return Json.write(r).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static Recipe fromJson(byte[] json, String source) {
        return Json.read(new String(json, java.nio.charset.StandardCharsets.UTF_8), Recipe.class, source + " "
                + ARTIFACT);
    }
}
