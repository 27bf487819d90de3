/**
 * Image captioning data: scenes of real Fashion-MNIST and MNIST tiles with template captions, captioned image
 * folders in the Flickr8k and COCO layouts, image loading, and BLEU.
 *
 * <ul>
 *   <li>Tiles: {@link io.github.rnnkit.data.captioning.IdxFiles} (IDX image and label files, plain or gzip),
 *       {@link io.github.rnnkit.data.captioning.LabelledImages}, {@link io.github.rnnkit.data.captioning.TileLibrary}
 *       (both datasets through the dataset store, split into training, validation and test tiles).</li>
 *   <li>Scenes: {@link io.github.rnnkit.data.captioning.SceneGenerator} (seeded 2x2 scenes, held-out combinations
 *       for the compositional split), {@link io.github.rnnkit.data.captioning.SceneSpec},
 *       {@link io.github.rnnkit.data.captioning.SceneObject}, {@link io.github.rnnkit.data.captioning.CaptionGrammar}
 *       (writes canonical captions and paraphrases; parses captions back for the grounded score).</li>
 *   <li>User data: {@link io.github.rnnkit.data.captioning.CaptionFiles} (Flickr8k and COCO captions files),
 *       {@link io.github.rnnkit.data.captioning.ImageFiles} (DataVec's NativeImageLoader: decode, resize, scale),
 *       {@link io.github.rnnkit.data.captioning.CaptionedImage}, {@link io.github.rnnkit.data.captioning.ImageCaptions}.</li>
 *   <li>Scoring: {@link io.github.rnnkit.data.captioning.Bleu} (corpus BLEU-1..4, several references).</li>
 * </ul>
 */
package io.github.rnnkit.data.captioning;
