import { CameraOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Spin } from 'antd';
import { useRef, useState } from 'react';
import { MAX_PHOTOS, type PreparedPhoto, preparePhoto } from './photos';
import { useCitizenText } from './texts';
import './PhotoPicker.css';

interface Props {
  value: PreparedPhoto[];
  onChange: (photos: PreparedPhoto[]) => void;
  testId?: string;
  /** Bigger tiles for the grid worker's one-handed page. */
  large?: boolean;
}

/** Thumbnails plus a camera tile: on a phone the file input opens the back camera directly. */
export function PhotoPicker({ value, onChange, testId = 'photo-input', large = false }: Props) {
  const { t } = useCitizenText();
  const { message } = App.useApp();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const size = large ? 96 : 76;

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    const next = [...value];
    for (const file of Array.from(files)) {
      if (next.length >= MAX_PHOTOS) break;
      try {
        next.push(await preparePhoto(file));
      } catch {
        message.error(t('photoBad', { name: file.name }));
      }
    }
    setBusy(false);
    onChange(next);
    if (input.current) input.current.value = '';
  };

  return (
    <div className="oc-citizen-photos" data-testid={`${testId}-list`}>
      {value.map((p, i) => (
        <div key={p.contentBase64.slice(-32)} className="oc-citizen-thumb" style={{ width: size, height: size }}>
          <img src={p.preview} alt={p.filename} data-testid="photo-thumb" />
          <button type="button" aria-label={t('photoRemove')} onClick={() => onChange(value.filter((_, j) => j !== i))}>
            <CloseOutlined />
          </button>
        </div>
      ))}
      {value.length < MAX_PHOTOS && (
        <label className="oc-citizen-camera" style={{ width: size, height: size }}>
          {busy ? <Spin /> : <CameraOutlined style={{ fontSize: large ? 30 : 24 }} />}
          <span>{t('addPhoto')}</span>
          <input
            ref={input}
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            hidden
            data-testid={testId}
            onChange={(e) => add(e.target.files)}
          />
        </label>
      )}
    </div>
  );
}
