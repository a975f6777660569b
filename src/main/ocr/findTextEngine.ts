/** Names the find-text pipeline in coverage records; a change here makes every image be read again. */
export const FIND_TEXT_ENGINE = 'ppocr-v4 det+rec (onnxruntime); deid-studio find-text 4 (text gate 1)';
